// Progressive enhancement only: every page works with this file never loaded.
import {
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  ExitThisPage,
  Radios,
  SkipLink,
  createAll,
} from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
for (const Component of [Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, Radios, SkipLink]) {
  createAll(Component);
}
