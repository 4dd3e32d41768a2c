'use client';

import { createContext, useContext } from 'react';
import type { ApiOwner } from '@/lib/contracts/admin';

/** The owner signed in to the console. */
export const OwnerContext = createContext<ApiOwner | null>(null);

export function useOwner(): ApiOwner | null {
  return useContext(OwnerContext);
}
