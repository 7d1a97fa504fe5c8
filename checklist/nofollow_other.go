//go:build !unix

package checklist

// oNoFollow has no equivalent here; openJournalFile still refuses what
// Lstat says is not a regular file.
const oNoFollow = 0
