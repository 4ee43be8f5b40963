// Runs before `npm install`: stop early, with one line, on a Node.js older than the project needs.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 15)) {
  console.error(
    `cruddur-backend needs Node.js >= 22.15 (24 LTS recommended), this is ${process.version}: run ". scripts/env.sh" to install Node 24 into .tools and put it on PATH.`,
  );
  process.exit(1);
}
