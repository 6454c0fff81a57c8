import type { CacheLogger } from '../cache-logger';

/** A logger that keeps what it was told, to assert "one warning per outage". */
export function recordingLogger(): CacheLogger & { lines: { level: string; message: string }[]; count(level: string): number } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (_data: Record<string, unknown>, message: string) => void lines.push({ level, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), count: (level) => lines.filter((l) => l.level === level).length };
}
