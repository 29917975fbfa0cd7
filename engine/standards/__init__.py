"""Standards as clause trees: the model, the safe XML reader, the library, citations and clause inference."""
