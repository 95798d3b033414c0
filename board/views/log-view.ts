import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { jobLogFiles } from '../api.js';
import { usePoll } from '../hooks.js';
import { componentLog } from '../lib/tar.js';

interface LogViewProps {
  readonly jobId: string;
  readonly component: string;
  readonly role: string;
  readonly partyId: string;
  /** While the task runs the log is read again every 2 s and follows its end. */
  readonly live: boolean;
}

/** A party's log of the component, from FATE's job log archive at this site. */
export function LogView({ jobId, component, role, partyId, live }: LogViewProps) {
  const logs = usePoll(
    async () => {
      const files = await jobLogFiles(jobId);
      if (!Array.isArray(files)) throw new Error(files.retmsg);
      return componentLog(files, role, partyId, component);
    },
    2000,
    `${jobId}/${component}/${role}/${partyId}/${live}`,
    () => live,
  );
  const end = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (live && end.current !== null) end.current.scrollTop = end.current.scrollHeight;
  });
  if (logs.error !== undefined && logs.value === undefined) return html`<p role="alert">${logs.error}</p>`;
  const lines = logs.value ?? [];
  return html`
    <p class="hint">${live ? 'following the log while the task runs' : `${lines.length} lines`}</p>
    <pre class="log" ref=${end} tabindex="0" aria-label=${`log of ${role} ${partyId}`} data-testid="log">${lines.length === 0 ? 'no log lines yet' : lines.join('\n')}</pre>`;
}
