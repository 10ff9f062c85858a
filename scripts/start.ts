// `npm start`: serves the game (the match server, with the built client when there is one).
await import(new URL("../server/src/index.ts", import.meta.url).href);
