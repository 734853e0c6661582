"""What the site and print layers share: the Markdown dialect, HTML sanitising, Jinja
filters, URL rules and worker processes. Imports only the content model below it."""
