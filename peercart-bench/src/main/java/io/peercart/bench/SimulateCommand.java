package io.peercart.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code simulate}: campaign simulations against a real server (as opposed to load benchmarks). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Replays a seeded campaign against a real PeerCart server and prints what buyers got.",
        subcommands = {GrouponCommand.class, CommandLine.HelpCommand.class})
final class SimulateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
