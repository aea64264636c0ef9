import { text } from "node:stream/consumers";
import { type Command, Option } from "commander";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../../editorial/passwords.ts";
import { ROLES } from "../../editorial/review-lifecycle.ts";
import { GalenError } from "../../galen-error.ts";
import { type GalenStore, openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, storeLocation, withCommonOptions } from "../common-options.ts";

interface AddOptions extends CommonOptions {
  name: string;
  role: string;
  credentials?: string;
  specialty?: string;
  passwordStdin?: boolean;
  as: string;
}

export function userCommand(program: Command): void {
  const user = program.command("user").description("manage accounts: clinicians, reviewers, editors, admins");
  const role = () => new Option("--role <role>", "what the account may do").choices(ROLES);
  const actor = () =>
    new Option("--as <email>", "who is making the change, for the audit log").default("cli");

  withCommonOptions(
    user
      .command("add")
      .description("add an account; the password comes from --password-stdin or GALEN_NEW_PASSWORD")
      .argument("<email>")
      .requiredOption("--name <name>", "full name, shown on what a reviewer approves")
      .addOption(role().makeOptionMandatory())
      .option("--credentials <text>", 'e.g. "MD, FRCS"')
      .option("--specialty <text>", "e.g. orthopaedics")
      .option("--password-stdin", "read the password from standard input")
      .addOption(actor()),
  ).action(async (email: string, options: AddOptions) => {
    const password = await newPassword(options.passwordStdin === true);
    await withStore(options, async (store) => {
      const account = await store.createAccount({
        email,
        name: options.name,
        role: options.role,
        passwordHash: await hashPassword(password),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.specialty ? { specialty: options.specialty } : {}),
      });
      if (account === undefined) throw new GalenError(`There is already an account ${email}.`);
      await store.appendAudit({
        actor: options.as,
        action: "user.add",
        target: `user:${account.email}`,
        details: { role: account.role },
      });
      report(options, account, `Added ${account.email} (${account.role}).`);
    });
  });

  withCommonOptions(user.command("list").description("list accounts")).action(
    async (options: CommonOptions) => {
      await withStore(options, async (store) => {
        const accounts = await store.listAccounts();
        if (options.json) return printJson(accounts);
        const lines = accounts.map(
          (account) =>
            `${account.email}  ${account.role}${account.disabled ? " (disabled)" : ""}  ${account.name}${account.credentials ? `, ${account.credentials}` : ""}`,
        );
        process.stdout.write(
          `${lines.join("\n") || "No accounts yet: galen user add <email> --name … --role …"}\n`,
        );
      });
    },
  );

  withCommonOptions(
    user
      .command("set-role")
      .description("change an account's role")
      .argument("<email>")
      .argument("<role>")
      .addOption(actor()),
  ).action(async (email: string, newRole: string, options: CommonOptions & { as: string }) => {
    if (!(ROLES as readonly string[]).includes(newRole)) {
      throw new GalenError(`Unknown role "${newRole}". Choose one of: ${ROLES.join(", ")}.`, 2);
    }
    await changeAccount(options, email, { role: newRole }, "user.set-role");
  });

  withCommonOptions(
    user
      .command("disable")
      .description("stop an account from signing in or acting")
      .argument("<email>")
      .addOption(actor()),
  ).action(async (email: string, options: CommonOptions & { as: string }) => {
    await changeAccount(options, email, { disabled: true }, "user.disable");
  });
}

async function changeAccount(
  options: CommonOptions & { as: string },
  email: string,
  change: { role?: string; disabled?: boolean },
  action: string,
): Promise<void> {
  await withStore(options, async (store) => {
    const account = await store.updateAccount(email, change);
    if (account === undefined) throw new GalenError(`There is no account ${email}. See galen user list.`);
    await store.appendAudit({ actor: options.as, action, target: `user:${account.email}`, details: change });
    report(options, account, `${account.email}: ${account.role}${account.disabled ? ", disabled" : ""}.`);
  });
}

async function withStore(options: CommonOptions, work: (store: GalenStore) => Promise<void>): Promise<void> {
  const store = await openCorpusStore(storeLocation(options));
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

function report(options: CommonOptions, value: unknown, line: string): void {
  if (options.json) printJson(value);
  else process.stdout.write(`${line}\n`);
}

/** The new password, never from a command-line argument (it would show in the process list and shell history). */
async function newPassword(fromStdin: boolean): Promise<string> {
  const password = fromStdin
    ? ((await text(process.stdin)).split(/\r?\n/)[0] ?? "")
    : (process.env.GALEN_NEW_PASSWORD ?? "");
  if (password === "")
    throw new GalenError(
      "Give the password on standard input with --password-stdin, or in GALEN_NEW_PASSWORD.",
      2,
    );
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new GalenError(`The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`, 2);
  }
  return password;
}
