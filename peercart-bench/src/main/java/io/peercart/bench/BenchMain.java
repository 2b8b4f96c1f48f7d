package io.peercart.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the PeerCart bench: load generation against a server over HTTP only. */
@Command(name = "peercart-bench", mixinStandardHelpOptions = true, version = "peercart-bench 0.1.0",
        description = "Load generator and campaign simulator for PeerCart. It talks to the server over HTTP only.",
        subcommands = {SeckillCommand.class, GroupOnBench.class, HelpsBench.class, PointsBench.class, FCodeBench.class,
            AuctionBench.class, FanoutBench.class, SeckillPgBench.class, SimulateCommand.class, ChaosCommand.class, CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
