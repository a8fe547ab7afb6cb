"""Search and answers: hybrid retrieval, answer generators, LangChain adapter."""
