import RadiomicsCLI

RadiomicsCommand.main()
