"""The assistant's system prompt (`assistant.txt`), for every brain that takes one."""
