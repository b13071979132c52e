// Build frontend/dist: our stylesheet compiled from GOV.UK Frontend's Sass, and its JavaScript.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const govuk = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(dist, { recursive: true });

const css = sass.compile(join(here, "src", "voices.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(dist, "voices.css"), css.css);
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
copyFileSync(join(here, "src", "init.mjs"), join(dist, "init.mjs"));
copyFileSync(join(here, "src", "favicon.svg"), join(dist, "favicon.svg"));
console.log(`built ${dist}: voices.css ${css.css.length} bytes`);
