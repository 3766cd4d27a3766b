"""The conversational agent prompt (`prompt.txt`), shared by the llm and ElevenLabs brains."""
