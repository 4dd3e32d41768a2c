import { SettingsView } from '@/components/admin/settings/settings-view';
import { consoleMetadata } from '@/components/admin/title';

export const generateMetadata = () => consoleMetadata('settings.title');

export default function SettingsPage() {
  return <SettingsView />;
}
