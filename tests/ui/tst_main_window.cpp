// The studio window offscreen: its shape (menus, transport, docks, status bar), the About
// dialog's library table, and that it draws something.
#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QDockWidget>
#include <QMenuBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <set>

using onair::ui::AboutDialog;
using onair::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void hasTheStudioMenus() {
        MainWindow window;
        QStringList titles;
        for (QAction* a : window.menuBar()->actions()) {
            titles << a->text().remove('&');
        }
        QCOMPARE(titles, (QStringList{"File", "Edit", "Transport", "View", "Help"}));
    }

    void toolbarCarriesTheTransport() {
        MainWindow window;
        auto* bar = window.findChild<QToolBar*>(QStringLiteral("transportToolBar"));
        QVERIFY(bar);
        std::set<QString> names;
        for (QAction* a : bar->actions()) {
            names.insert(a->objectName());
        }
        for (const char* n : {"actionRecord", "actionPlay", "actionStop"}) {
            QVERIFY2(names.count(QLatin1String(n)), n);
            auto* action = window.findChild<QAction*>(QLatin1String(n));
            QVERIFY(!action->icon().isNull());
        }
        QCOMPARE(window.findChild<QAction*>(QStringLiteral("actionRecord"))->shortcut(),
                 QKeySequence(QStringLiteral("R")));
    }

    void hasTrackAreaDocksAndStatusBar() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.centralWidget()->objectName(), QStringLiteral("trackArea"));
        for (const char* dock : {"prompterDock", "meterDock"}) {
            auto* d = window.findChild<QDockWidget*>(QLatin1String(dock));
            QVERIFY2(d, dock);
            QVERIFY2(d->isVisible(), dock);
            QVERIFY(d->widget());
        }
        QVERIFY(window.statusBar()->isVisible());
    }

    void viewMenuTogglesTheDocks() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("prompterDock"));
        dock->toggleViewAction()->trigger();
        QVERIFY(!dock->isVisible());
        dock->toggleViewAction()->trigger();
        QVERIFY(dock->isVisible());
    }

    void drawsSomethingThatIsNotBlank() {
        MainWindow window;
        window.resize(1000, 650);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QImage image = window.grab().toImage();
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4) {
            for (int x = 0; x < image.width(); x += 4) {
                colours.insert(image.pixel(x, y));
            }
        }
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    }

    void aboutListsEveryLinkedLibrary() {
        AboutDialog dialog;
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("libraryTable"));
        QVERIFY(table);
        QStringList names;
        for (int row = 0; row < table->rowCount(); ++row) {
            names << table->item(row, 0)->text();
            QVERIFY(!table->item(row, 1)->text().isEmpty());
        }
        for (const char* lib :
             {"Qt", "PortAudio", "libsndfile", "FFmpeg", "TagLib", "libebur128"}) {
            QVERIFY2(names.contains(QLatin1String(lib)), lib);
        }
        QVERIFY(dialog.reportText().contains(QStringLiteral("OnAir")));
    }

    void helpAboutOpensTheDialog() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = window.findChild<AboutDialog*>();
            seen = dialog && dialog->isVisible();
            if (dialog) {
                dialog->reject();
            }
        });
        window.findChild<QAction*>(QStringLiteral("actionAbout"))->trigger();
        QVERIFY(seen);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
