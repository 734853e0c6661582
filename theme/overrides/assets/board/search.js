/* Search results, as residents read and copy them (filled in by the search work). */
