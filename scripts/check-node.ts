// npm scripts run on the Node in node_modules/.bin (the `node` devDependency). If its install
// script was skipped, they would silently run on an older system Node: say so clearly instead.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(
    `TCP Tango needs Node 24 or newer, but this is Node ${process.versions.node}.\n` +
      "Run `npm install` (it provisions Node 24 in node_modules/.bin) without --ignore-scripts.\n",
  );
  process.exit(1);
}
