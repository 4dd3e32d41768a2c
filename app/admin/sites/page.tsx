import { Suspense } from 'react';
import { SitesView } from '@/components/admin/sites/sites-view';
import { consoleMetadata } from '@/components/admin/title';

export const generateMetadata = () => consoleMetadata('sites.title');

export default function SitesPage() {
  return (
    <Suspense>
      <SitesView />
    </Suspense>
  );
}
