using SPFusion.Cli.CommandLine;

return CommandRunner.Run(args, Console.Out, Console.Error);
