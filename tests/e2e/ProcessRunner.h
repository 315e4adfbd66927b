#pragma once

// Runs one of OnAir's real executables as a subprocess, the way a user or script would.
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTest>

struct ProcessResult {
    int exitCode = -1;
    bool finished = false;
    QString out;
    QString err;
};

// The path of a binary under test, passed by ctest in an environment variable.
inline QString binaryFromEnv(const char* variable) {
    const QString path = qEnvironmentVariable(variable);
    if (path.isEmpty()) {
        qFatal("%s is not set; run this test through ctest", variable);
    }
    return path;
}

inline ProcessResult
runProcess(const QString& program, const QStringList& args,
           const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
           int timeoutMs = 300000) { // a hang guard: sanitizer builds export slowly
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    ProcessResult result;
    if (!process.waitForStarted(10000)) {
        result.err = process.errorString();
        return result;
    }
    process.closeWriteChannel();
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}
