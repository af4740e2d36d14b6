//! The command line: `loket serve`, `migrate`, `check`, `demo`, `bench` and the simulator.
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use crate::config::{self, Settings};
use crate::sandbox::sim::biller::{SimBiller, SimConfig};
use crate::startup::{self, Application};
use clap::{Parser, Subcommand};
use secrecy::SecretString;

#[derive(Parser)]
#[command(
    name = "loket",
    version,
    about = "Telegram counter for prepaid-product resellers"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run loket: the callback endpoint and order recovery (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Check the configuration, the database, Telegram and the supplier, then print the
    /// callback URL to give the supplier.
    Check,
    /// Try loket in a sandbox: a throwaway database, a simulated supplier and Telegram, and
    /// this terminal as the chat.
    Demo,
    /// Exit 0 if the local `serve` answers /healthz (the container HEALTHCHECK).
    #[command(hide = true)]
    Healthcheck,
    /// Run the built-in supplier simulator (see docs/operating.md for its outcome table).
    SimBiller(SimArgs),
    /// Measure throughput, latency and memory against pgbench on a throwaway PostgreSQL.
    Bench(crate::sandbox::bench::BenchArgs),
}

#[derive(clap::Args)]
struct SimArgs {
    /// Address to listen on.
    #[arg(long, env = "SIM_ADDR", default_value = "127.0.0.1:8081")]
    addr: std::net::SocketAddr,
    /// API user requests must carry (defaults to BILLER_USER).
    #[arg(long, env = "SIM_USER")]
    user: Option<String>,
    /// API password the sign is checked against (defaults to BILLER_PASSWORD).
    #[arg(long, env = "SIM_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// Where to send callbacks (defaults to loket on HTTP_ADDR with CALLBACK_TOKEN).
    #[arg(long, env = "SIM_CALLBACK_URL", hide_env_values = true)]
    callback_url: Option<reqwest::Url>,
    /// Delay before each callback, in milliseconds.
    #[arg(long, env = "SIM_CALLBACK_DELAY_MS", default_value_t = 1000)]
    callback_delay_ms: u64,
    /// How long a "no answer" purchase (destination ending in 5) is held, in seconds.
    #[arg(long, env = "SIM_HANG_SECS", default_value_t = 60)]
    hang_secs: u64,
}

/// Everything `loket` does, behind one non-generic entry point: the binary only calls this,
/// so the whole program is compiled (and its generics instantiated) once, in the library.
#[tokio::main]
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    // The sandbox never reads .env: it must not seed a production database named there.
    if !matches!(command, Command::Demo) {
        config::load_dotenv();
    }
    match command {
        Command::Serve => serve().await,
        Command::Migrate => migrate().await,
        Command::Check => match crate::check::run(Settings::from_env()).await {
            true => ExitCode::SUCCESS,
            false => ExitCode::FAILURE,
        },
        Command::Healthcheck => healthcheck().await,
        Command::Demo => {
            let url = std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty());
            report(crate::sandbox::demo::run(url).await)
        }
        Command::SimBiller(args) => sim_biller(args).await,
        Command::Bench(args) => report(crate::sandbox::bench::run(args).await),
    }
}

async fn serve() -> ExitCode {
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    crate::telemetry::init(settings.log_format);
    match Application::build(settings).await {
        Ok(app) => report(app.run_until_stopped(startup::shutdown_signal()).await),
        Err(e) => fail(e),
    }
}

async fn migrate() -> ExitCode {
    let url = match config::database_url_from_env() {
        Ok(url) => url,
        Err(e) => return fail(e),
    };
    crate::telemetry::init(config::LogFormat::Text);
    let result = async {
        let pool = startup::connect(&url).await?;
        startup::migrate(&pool).await?;
        println!("migrations applied");
        anyhow::Ok(())
    };
    report(result.await)
}

async fn sim_biller(args: SimArgs) -> ExitCode {
    crate::telemetry::init(config::LogFormat::Text);
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let callback_url = args.callback_url.or_else(|| {
        let token = env("CALLBACK_TOKEN")?;
        let port = env("HTTP_ADDR").and_then(|a| a.rsplit(':').next().map(str::to_owned));
        let port = port.unwrap_or_else(|| "8080".into());
        reqwest::Url::parse(&format!("http://127.0.0.1:{port}/biller/callback/{token}")).ok()
    });
    let config = SimConfig {
        user: args
            .user
            .or_else(|| env("BILLER_USER"))
            .unwrap_or_else(|| "usertesting".into()),
        password: SecretString::from(
            args.password
                .or_else(|| env("BILLER_PASSWORD"))
                .unwrap_or_else(|| "passwordtesting".into()),
        ),
        callback_url,
        callback_delay: Duration::from_millis(args.callback_delay_ms),
        hang: Duration::from_secs(args.hang_secs),
        reversal_delay: Duration::ZERO,
    };
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(l) => l,
        Err(e) => return fail(format!("cannot listen on {}: {e}", args.addr)),
    };
    let addr = listener.local_addr().map_or(args.addr, |a| a);
    // On stdout so scripts and tests can wait for it; never the callback URL (it holds the
    // token). A closed stdout must not stop the simulator.
    let callbacks = if config.callback_url.is_some() {
        "enabled"
    } else {
        "disabled (set SIM_CALLBACK_URL or CALLBACK_TOKEN)"
    };
    let _ = writeln!(
        std::io::stdout(),
        "sim-biller listening on http://{addr} (purchases: POST /service/in/json)\ncallbacks: {callbacks}"
    );
    report(
        SimBiller::new(config)
            .serve(listener, startup::shutdown_signal())
            .await
            .map_err(anyhow::Error::from),
    )
}

/// Asks this machine's `serve` on the port HTTP_ADDR names, without needing curl in the image.
async fn healthcheck() -> ExitCode {
    let addr = std::env::var("HTTP_ADDR").unwrap_or_default();
    let addr: std::net::SocketAddr = addr.parse().unwrap_or(([0, 0, 0, 0], 8080).into());
    let ip = match addr.ip() {
        ip if ip.is_unspecified() => std::net::IpAddr::from([127, 0, 0, 1]),
        ip => ip,
    };
    let url = format!(
        "http://{}/healthz",
        std::net::SocketAddr::new(ip, addr.port())
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build();
    match client.map(|c| c.get(&url)) {
        Ok(request) => match request.send().await {
            Ok(r) if r.status().is_success() => ExitCode::SUCCESS,
            Ok(r) => fail(format!("{url} answered {}", r.status())),
            Err(e) => fail(format!("{url}: {e}")),
        },
        Err(e) => fail(e),
    }
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("loket: {e}");
    ExitCode::from(2)
}

fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loket: {e:#}");
            ExitCode::FAILURE
        }
    }
}
