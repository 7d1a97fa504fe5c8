//go:build !unix

package safefile

const oNonBlock = 0
