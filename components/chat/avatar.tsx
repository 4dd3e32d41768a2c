import { SparkIcon } from './icons';

const sizes = {
  sm: { box: 'size-7', icon: 'size-4' },
  md: { box: 'size-9', icon: 'size-5' },
  lg: { box: 'size-14', icon: 'size-7' },
} as const;

/** The site's avatar or logo, or the assistant's mark on the accent colour. Decorative: the name is beside it. */
export function Avatar({ url, size = 'md' }: { url: string | null; size?: keyof typeof sizes }) {
  const s = sizes[size];
  if (url) {
    // biome-ignore lint/performance/noImgElement: a site's logo from anywhere; next/image would proxy it.
    return <img src={url} alt="" className={`${s.box} shrink-0 rounded-full bg-surface-2 object-cover`} />;
  }
  return (
    <span
      className={`${s.box} parley-avatar grid shrink-0 place-items-center rounded-full bg-accent text-accent-contrast`}
    >
      <SparkIcon className={s.icon} />
    </span>
  );
}
