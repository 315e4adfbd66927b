#pragma once

// A JACK dummy server of a test's own (tests that kill it cannot share the fixture's), started
// and stopped with the fixture's script (ONAIR_JACK_SCRIPT).
#include "../e2e/ProcessRunner.h"

#include <QFile>

namespace onair::test {

class PrivateJackServer {
public:
    // The name is fixed per build tree (ONAIR_JACK_PRIVATE_NAME): JACK reclaims the registry
    // entry of a killed server only when a server of the same name starts again, and holds at
    // most eight; fresh names per run would fill it up.
    explicit PrivateJackServer(const QString& stateDir)
        : name_(qEnvironmentVariable("ONAIR_JACK_PRIVATE_NAME", QStringLiteral("onair-private")))
        , state_(stateDir) {}
    ~PrivateJackServer() { run("stop"); }
    bool start() { return run("start"); }
    bool stop() { return run("stop"); }
    qint64 pid() const {
        QFile f(state_ + QStringLiteral("/jackd.pid"));
        return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLongLong() : -1;
    }
    QProcessEnvironment environment() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("JACK_DEFAULT_SERVER", name_);
        env.insert("JACK_NO_START_SERVER", "1");
        return env;
    }
    QString name() const { return name_; }

private:
    bool run(const char* action) {
        return runProcess(binaryFromEnv("ONAIR_JACK_SCRIPT"), {action, name_, state_}).exitCode ==
               0;
    }
    QString name_;
    QString state_;
};

} // namespace onair::test
