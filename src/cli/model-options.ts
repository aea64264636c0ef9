import { type Command, Option } from "commander";
import { GalenError } from "../galen-error.ts";
import { type ModelSettings, modelSettingsFromEnv } from "../model/language-model.ts";

/** The answer model's flags; each overrides the GALEN_MODEL_* variable of the same name. */
export interface ModelOptions {
  modelProvider?: string;
  model?: string;
  modelUrl?: string;
  modelPath?: string;
}

export function withModelOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--model-provider <name>", "answer model provider (GALEN_MODEL_PROVIDER)").choices([
        "openai-compatible",
        "anthropic",
        "local",
      ]),
    )
    .addOption(new Option("--model <name>", "answer model name (GALEN_MODEL)"))
    .addOption(
      new Option("--model-url <url>", "OpenAI-compatible API base or Anthropic base URL (GALEN_MODEL_URL)"),
    )
    .addOption(new Option("--model-path <file>", "GGUF file for the local provider (GALEN_MODEL_PATH)"));
}

/** The configured answer model: flags first, then GALEN_MODEL_* variables; an error says what to set. */
export function modelSettings(options: ModelOptions, env: NodeJS.ProcessEnv = process.env): ModelSettings {
  const flags: Record<string, string | undefined> = {
    GALEN_MODEL_PROVIDER: options.modelProvider,
    GALEN_MODEL: options.model,
    GALEN_MODEL_URL: options.modelUrl,
    GALEN_MODEL_PATH: options.modelPath,
  };
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  const settings = modelSettingsFromEnv({ ...env, ...given });
  if (settings === undefined) {
    throw new GalenError(
      "--composer model needs a model: set GALEN_MODEL_PROVIDER (openai-compatible, anthropic or local) and GALEN_MODEL_URL or GALEN_MODEL_PATH, or give --model-provider with --model-url or --model-path. See the README's model section.",
      2,
    );
  }
  return settings;
}
