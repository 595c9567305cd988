// Lint rules for the whole project: typescript-eslint's recommended set, plus the few rules that
// keep the next reader's life simple. Formatting is Prettier's job (npm run format).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "_site/", "data/", ".cache/", ".scratch/", "comments/dist/", "bench-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-control-regex": "off",
    },
  },
  { files: ["client/**/*.ts"], languageOptions: { globals: { ...globals.browser } } },
);
