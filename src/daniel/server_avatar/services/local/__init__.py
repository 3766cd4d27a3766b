"""Local providers: run on this machine without any vendor service or API key."""
