export function startPostgres(): Promise<{
  url: string;
  port: number;
  dir: string;
  data: string;
  stop: () => void;
  createDatabase: (name: string) => Promise<string>;
}>;
export function pgCtl(data: string, action: 'start' | 'stop', port: number, dir: string): void;
