/** @type {import('next').NextConfig} */
const nextConfig = { poweredByHeader: false, reactStrictMode: true };

export default nextConfig;
