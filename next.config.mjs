/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build must not depend on a database or an upstream; typecheck and lint run in `npm test`.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
