import { Suspense } from 'react';
import { ConversationsView } from '@/components/admin/conversations/conversations-view';
import { consoleMetadata } from '@/components/admin/title';

export const generateMetadata = () => consoleMetadata('conversations.title');

export default function ConversationsPage() {
  return (
    <Suspense>
      <ConversationsView />
    </Suspense>
  );
}
