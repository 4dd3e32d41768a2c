import { Suspense } from 'react';
import { PerformanceView } from '@/components/admin/performance/performance-view';
import { consoleMetadata } from '@/components/admin/title';

export const generateMetadata = () => consoleMetadata('performance.title');

export default function PerformancePage() {
  return (
    <Suspense>
      <PerformanceView />
    </Suspense>
  );
}
