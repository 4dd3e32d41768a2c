export { createVisitorRequest as createVisitorSchema } from '@/lib/contracts';
