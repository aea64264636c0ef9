/** A person with a role in Galen: reviewers' names, credentials and specialty are shown on what they approve. */
export interface Account {
  email: string;
  name: string;
  role: string;
  credentials?: string;
  specialty?: string;
  disabled: boolean;
  createdAt: string;
}

export type NewAccount = Omit<Account, "disabled" | "createdAt"> & { passwordHash: string };

export interface AccountStore {
  /** Undefined when the email is already taken. */
  createAccount(account: NewAccount): Promise<Account | undefined>;
  /** With the password hash, for signing in. */
  findAccount(email: string): Promise<(Account & { passwordHash: string }) | undefined>;
  listAccounts(): Promise<Account[]>;
  updateAccount(email: string, change: { role?: string; disabled?: boolean }): Promise<Account | undefined>;
}
