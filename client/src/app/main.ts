// Entry point of the browser client.
import "../styles.css";
import { App } from "./app.ts";

const shell = document.getElementById("app");
if (shell) new App(shell);
