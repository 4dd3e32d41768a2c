'use client';

import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** Within this many pixels of the end, the visitor is "at the end" and the view follows new text. */
const AT_END = 16;

/** Where the first message sits in the scroller, so that it stays put when pages go in above it. */
type Anchor = { element: Element; top: number };

function firstMessage(list: HTMLElement | null): Element | null {
  return list?.querySelector(':scope > li[data-role]') ?? null;
}

function place(list: HTMLElement | null, scroller: HTMLElement | null): Anchor | null {
  const element = firstMessage(list);
  if (!element || !scroller) return null;
  return { element, top: element.getBoundingClientRect().top - scroller.getBoundingClientRect().top };
}

const distanceFromEnd = (s: HTMLElement) => s.scrollHeight - s.scrollTop - s.clientHeight;

/**
 * The conversation's scrolling. While the visitor is at the end, the view stays pinned to the newest
 * text: after every change of the list (a token, a status line, a time) and every change of size
 * (an image, a font, the keyboard). Once they scroll away to read, nothing moves the view, and `away`
 * says so (for a "jump to latest" button); a page of earlier messages put in above keeps the first
 * message where it was. `pinKey` changes when the view must go to the end whatever the visitor
 * was doing: they sent a message, or opened another conversation.
 */
export function usePinnedScroll(
  scrollerRef: RefObject<HTMLElement | null>,
  listRef: RefObject<HTMLElement | null>,
  pinKey: string,
) {
  const pinned = useRef(true);
  const jumping = useRef(false);
  const anchor = useRef<Anchor | null>(null);
  const lastPinKey = useRef(pinKey);
  const [away, setAway] = useState(false);

  const toEnd = useCallback(() => {
    const scroller = scrollerRef.current;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }, [scrollerRef]);

  // Before the browser paints, after every commit of the list.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    const kept = anchor.current;
    if (pinKey !== lastPinKey.current) {
      lastPinKey.current = pinKey;
      pinned.current = true;
      setAway(false);
    }
    if (pinned.current) {
      if (!jumping.current) toEnd();
    } else if (scroller && kept?.element.isConnected && kept.element !== firstMessage(listRef.current)) {
      scroller.scrollTop +=
        kept.element.getBoundingClientRect().top - scroller.getBoundingClientRect().top - kept.top;
    }
    anchor.current = place(listRef.current, scroller);
  });

  useEffect(() => {
    const scroller = scrollerRef.current;
    const list = listRef.current;
    if (!scroller) return;
    const onScroll = () => {
      anchor.current = place(listRef.current, scroller);
      if (jumping.current) return;
      const atEnd = distanceFromEnd(scroller) <= AT_END;
      pinned.current = atEnd;
      setAway(!atEnd);
    };
    const resized = new ResizeObserver(() => {
      if (pinned.current && !jumping.current) toEnd();
    });
    resized.observe(scroller);
    if (list) resized.observe(list);
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      resized.disconnect();
    };
  }, [scrollerRef, listRef, toEnd]);

  /** Back to the newest text (smoothly, unless the visitor prefers less motion), pinned again. */
  const jump = useCallback(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    pinned.current = true;
    jumping.current = true;
    setAway(false);
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    scroller.scrollTo({ top: scroller.scrollHeight, behavior: smooth ? 'smooth' : 'instant' });
    // The answer may have grown meanwhile: land on its end.
    setTimeout(
      () => {
        jumping.current = false;
        if (pinned.current) toEnd();
      },
      smooth ? 450 : 0,
    );
  }, [scrollerRef, toEnd]);

  return { away, jump };
}
