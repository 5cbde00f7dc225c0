import MemlintCLI

CommandLineEntry.main()
