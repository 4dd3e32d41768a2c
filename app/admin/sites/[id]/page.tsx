import { SiteView } from '@/components/admin/sites/site-view';
import { consoleMetadata } from '@/components/admin/title';

export const generateMetadata = () => consoleMetadata('site.title');

export default async function SitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SiteView id={id} />;
}
