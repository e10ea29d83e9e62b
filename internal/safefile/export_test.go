package safefile

// SpecialFiles is specialFiles, for the package's external tests.
var SpecialFiles = specialFiles
