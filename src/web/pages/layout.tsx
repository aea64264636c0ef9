import type { Child } from "hono/jsx";

export interface LayoutProps {
  title: string;
  children: Child;
  /** The page's canonical address, for published articles. */
  canonical?: string;
}

/** Every page's frame: skip link, landmarks, the one stylesheet, the footer disclaimer. */
export function Layout({ title, children, canonical }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Galen`}</title>
        {canonical ? <link rel="canonical" href={canonical} /> : null}
        <link rel="stylesheet" href="/assets/galen.css" />
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="site">
          <nav aria-label="Main">
            <a class="brand" href="/">
              Galen
            </a>
            <a href="/">Ask</a>
            <a href="/articles">Articles</a>
            <a href="/editorial-policy">Editorial policy</a>
            <a href="/login">Board sign-in</a>
          </nav>
        </header>
        <main id="content">{children}</main>
        <footer class="site">
          Galen summarises published research. It is not medical advice and does not replace a clinician's
          judgement.
        </footer>
      </body>
    </html>
  );
}
