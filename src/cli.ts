// The `hyperwasm` command: `hyperwasm dashboard …` (a run's live views) or `hyperwasm worker …`
// (trials of a distributed run; its module reads the command line itself).
import { ConfigError, HpoError } from "./errors.js";
import { dashboardMain } from "./node/dashboard-cli.js";

const argv = process.argv.slice(2);
if (argv[0] === "dashboard") {
  dashboardMain(argv.slice(1)).then(
    () => process.exit(0),
    (e) => {
      const usage = e instanceof ConfigError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
      console.error(e instanceof HpoError || usage ? `${(e as Error).name}: ${(e as Error).message}` : e);
      process.exit(usage ? 2 : 1);
    },
  );
} else await import("./runtime/distributed/cli.js");
