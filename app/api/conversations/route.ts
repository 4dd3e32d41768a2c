import { readConversations } from '@/lib/chat/read';
import { json } from '@/lib/http/respond';
import { visitorRoute } from '@/lib/http/visitor-route';

export const dynamic = 'force-dynamic';

export const GET = visitorRoute(async (_request, { rt, who }) => json(await readConversations(rt, who)));
