// Present so that Turbopack does not pick up Parley's proxy.ts above. Like Parley's, its matcher
// leaves the API routes alone, so both servers pay the same per-request matcher check.
import { NextResponse } from 'next/server';

export function proxy() {
  return NextResponse.next();
}

export const config = { matcher: ['/'] };
