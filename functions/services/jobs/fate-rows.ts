import type { JobRecord } from '../../domain/records/job-record.js';
import type { TaskRecord } from '../../domain/records/task-record.js';

/**
 * FATE-Flow's table columns, as its API returns them (`f_` prefixed for query endpoints). FATE's
 * client deletes f_runtime_conf and f_dsl before printing a job query, so they must be present.
 */
export function jobRow(job: JobRecord): Record<string, unknown> {
  return {
    f_job_id: job.jobId,
    f_name: '',
    f_description: job.description,
    f_tag: job.tag,
    f_dsl: job.dsl,
    f_runtime_conf: job.runtimeConf,
    f_runtime_conf_on_party: job.runtimeConfOnParty,
    f_train_runtime_conf: job.trainRuntimeConf,
    f_roles: job.roles,
    f_initiator_role: job.initiatorRole,
    f_initiator_party_id: String(job.initiatorPartyId),
    f_role: job.role,
    f_party_id: String(job.partyId),
    f_is_initiator: job.isInitiator,
    f_status: job.status,
    f_progress: job.progress,
    f_cancel_signal: job.cancelSignal,
    f_rerun_signal: job.rerunSignal,
    f_priority: job.priority,
    f_cores: job.cores,
    f_memory: job.memory,
    f_resource_in_use: job.resourceInUse,
    f_model_id: job.modelId,
    f_model_version: job.modelVersion,
    f_create_time: job.createTime,
    f_update_time: job.updateTime,
    f_start_time: job.startTime ?? null,
    f_end_time: job.endTime ?? null,
    f_elapsed: job.elapsed ?? null,
  };
}

export function taskRow(task: TaskRecord): Record<string, unknown> {
  return {
    f_job_id: task.jobId,
    f_component_name: task.component,
    f_component_module: task.module,
    f_task_id: task.taskId,
    f_task_version: task.taskVersion,
    f_role: task.role,
    f_party_id: String(task.partyId),
    f_run_on_this_party: task.isLocal,
    f_need_run: task.needRun,
    f_provider_info: task.provider === null ? {} : { provider: task.provider },
    f_component_parameters: task.parameters,
    f_party_status: task.partyStatus,
    f_status: task.status,
    f_status_history: task.statusHistory,
    f_error_report: task.errorReport ?? '',
    f_worker_id: task.workerId ?? '',
    f_create_time: task.createTime,
    f_update_time: task.updateTime,
    f_start_time: task.startTime ?? null,
    f_end_time: task.endTime ?? null,
    f_elapsed: task.elapsed ?? null,
  };
}

/** `job list` returns the same columns without the `f_` prefix. */
export function withoutPrefix(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key.replace(/^f_/, ''), value]));
}
