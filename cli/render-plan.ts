import type { JobPlan } from '../functions/domain/plan/job-plan.js';

/** The plan as `flow job validate` prints it: FATE's snake_case, stages at the top. */
export function planToJson(plan: JobPlan): Record<string, unknown> {
  return {
    stages: plan.stages,
    job_type: plan.jobType,
    initiator: { role: plan.initiator.role, party_id: plan.initiator.partyId },
    role: plan.roles,
    model_info: { model_id: plan.modelInfo.modelId, model_version: plan.modelInfo.modelVersion },
    components: plan.components.map((c) => ({
      name: c.name,
      module: c.module,
      stage: c.stage,
      upstream: c.upstream,
      downstream: c.downstream,
    })),
    parties: plan.parties.map((party) => ({
      role: party.role,
      party_id: party.partyId,
      index: party.index,
      job_parameters: party.jobParameters,
      resources: {
        cores: party.resources.cores,
        memory: party.resources.memory,
        task_cores_per_node: party.resources.taskCoresPerNode,
        task_nodes: party.resources.taskNodes,
        task_parallelism: party.resources.taskParallelism,
      },
      tasks: party.tasks.map((task) => ({
        component: task.component,
        module: task.module,
        need_run: task.needRun,
        provider: task.provider,
        parameters: task.parameters,
      })),
    })),
    unknown_modules: plan.unknownModules,
    warnings: plan.warnings,
  };
}

/** A short human summary: stages, then one row per component with each party's need_run. */
export function planToTable(plan: JobPlan): string {
  const partyLabels = plan.parties.map((p) => `${p.role} ${p.partyId}`);
  const lines = [
    `${plan.jobType} job, initiator ${plan.initiator.role} ${plan.initiator.partyId}, model ${plan.modelInfo.modelId}`,
    `${plan.stages.length} stages: ${plan.stages.map((stage) => `[${stage.join(', ')}]`).join(' → ')}`,
    '',
  ];
  const width = Math.max(9, ...plan.components.map((c) => c.name.length + c.module.length + 4));
  const columns = partyLabels.map((label) => label.padEnd(Math.max(label.length, 5)));
  lines.push(`${'stage'.padEnd(6)}${'component'.padEnd(width)}${columns.join('  ')}`);
  for (const component of plan.components) {
    const cells = plan.parties.map((party, index) => {
      const task = party.tasks.find((t) => t.component === component.name);
      return (task?.needRun ? 'run' : 'pass').padEnd(columns[index]?.length ?? 5);
    });
    lines.push(
      `${String(component.stage).padEnd(6)}${`${component.name} (${component.module})`.padEnd(width)}${cells.join('  ')}`,
    );
  }
  lines.push('');
  lines.push(
    `cores held per party: ${plan.parties.map((p) => `${p.role} ${p.partyId}: ${p.resources.cores}`).join(', ')}`,
  );
  if (plan.unknownModules.length > 0)
    lines.push(`modules not in this build's catalog: ${plan.unknownModules.join(', ')}`);
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
