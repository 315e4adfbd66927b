// The export dialog on the demo episode (built by the real CLI): its details form, the chapter
// list, an export run from the dialog, and the loudness report it shows afterwards. Then Close
// during an export of a 3-minute episode (a tone the CLI imported): mid-encode, and after the
// encode while the files are decoded and checked; neither may leave a file behind.
#include "../e2e/SmallEpisode.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/ExportDialog.h"
#include "ui/LoudnessPlot.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace onair;

class TestExportDialog : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString longEpisode_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        longEpisode_ = dir_.filePath("Long.onair");
        QCOMPARE(test::makeSmallEpisode(qEnvironmentVariable("ONAIR_CLI"), longEpisode_,
                                        "Long tone", 180.0, {{60.0, "Second minute"}}),
                 QString());
    }

    void exportsTheOpenEpisodeAndReportsItsLoudness() {
        QTemporaryDir dir;
        const QString episode = dir.filePath("Demo.onair");
        QProcess make;
        make.start(qEnvironmentVariable("ONAIR_MAKE_DEMO"),
                   {qEnvironmentVariable("ONAIR_CLI"), episode});
        QVERIFY(make.waitForFinished(60000));
        QCOMPARE(make.exitCode(), 0);

        audio::AudioSystem system;
        app::Studio studio(system);
        QCOMPARE(studio.openEpisode(episode), QString());
        ui::ExportDialog dialog(studio);
        dialog.resize(900, 700);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* chapters = dialog.findChild<QListWidget*>("chapterList");
        QCOMPARE(chapters->count(), 3);
        QVERIFY(chapters->item(1)->text().contains("Inside the studio"));

        dialog.setOutputFolder(dir.filePath("out"));
        dialog.startExport();
        QCOMPARE(dialog.lastError(), QString());
        QCOMPARE(dialog.lastFiles().size(), 2); // MP3 (the default) and the JSON chapters
        QVERIFY(QFile::exists(dialog.lastFiles().first()));
        const QString status = dialog.findChild<QLabel*>("exportStatus")->text();
        QVERIFY2(status.contains("After: -16") || status.contains("After: -15"),
                 qPrintable(status));
        // The plot has the exported file's short-term loudness, one value per second.
        const auto* plot = dialog.findChild<ui::LoudnessPlot*>();
        QVERIFY(plot != nullptr);
        QVERIFY2(plot->afterSeries().size() >= 50,
                 qPrintable(QString::number(plot->afterSeries().size())));
        QDir().mkpath("screenshots");
        dialog.grab().save("screenshots/export-dialog.png");
    }

    // Close pressed once the progress bar passes `cancelAt` (per mille): the dialog reports the
    // cancel, and the output folder holds no file (no final name, no .part, no .probe, no JSON).
    // 500: in the middle of the encode. 850: the encode has rendered its last block (the bar
    // stays there while the files are decoded and measured); a cancel there used to be ignored
    // and the files were finished anyway.
    void closeDuringExportLeavesNoFile_data() {
        QTest::addColumn<int>("cancelAt");
        QTest::newRow("while encoding") << 500;
        QTest::newRow("while checking the files") << 850;
    }
    void closeDuringExportLeavesNoFile() {
        QFETCH(int, cancelAt);
        audio::AudioSystem system;
        app::Studio studio(system);
        QCOMPARE(studio.openEpisode(longEpisode_), QString());
        ui::ExportDialog dialog(studio);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString out = dir_.filePath(QStringLiteral("cancel-%1").arg(cancelAt));
        dialog.setOutputFolder(out);
        auto* bar = dialog.findChild<QProgressBar*>();
        QPushButton* close = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Close);
        QVERIFY(bar != nullptr && close != nullptr);

        int barAtCancel = -1;
        QStringList filesAtCancel;
        QElapsedTimer sinceCancel;
        QTimer watch;
        connect(&watch, &QTimer::timeout, &dialog, [&] {
            if (barAtCancel < 0 && bar->value() >= cancelAt) {
                barAtCancel = bar->value();
                filesAtCancel = test::filesIn(out);
                QTest::mouseClick(close, Qt::LeftButton);
                sinceCancel.start();
            }
        });
        watch.start(10);
        dialog.startExport(); // returns when the export has ended
        watch.stop();
        QVERIFY2(barAtCancel >= 0, "the export ended before Close was pressed");
        qInfo("Close at %.1f %% (files then: %s); the export ended %lld ms later",
              barAtCancel / 10.0, qPrintable(filesAtCancel.join(", ")), sinceCancel.elapsed());
        // After 90 % the last checkpoint may have passed before the click arrived.
        if (barAtCancel >= 900 && dialog.lastError().isEmpty()) {
            QSKIP("Close arrived after the export's last checkpoint");
        }
        QCOMPARE(dialog.lastError(), QStringLiteral("the export was cancelled"));
        QVERIFY(dialog.lastFiles().isEmpty());
        QVERIFY(dialog.isVisible()); // it stays to say so
        const QString status = dialog.findChild<QLabel*>("exportStatus")->text();
        QVERIFY2(status.startsWith("Cancelled"), qPrintable(status));
        QCOMPARE(bar->value(), 0);
        QVERIFY2(test::filesIn(out).isEmpty(), qPrintable(test::filesIn(out).join(", ")));
        // Close again closes it.
        QTest::mouseClick(close, Qt::LeftButton);
        QVERIFY(!dialog.isVisible());
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_export_dialog.moc"
