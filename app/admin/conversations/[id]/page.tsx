import { consoleMetadata } from '@/components/admin/title';
import { TranscriptView } from '@/components/admin/transcript/transcript-view';

export const generateMetadata = () => consoleMetadata('transcript.messagesHeading');

export default async function TranscriptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TranscriptView id={id} />;
}
