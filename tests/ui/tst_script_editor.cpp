// The script editor: Ctrl+H marks and unmarks the cursor's line as a heading, the section list
// follows with word counts and read times, and the highlighter styles headings, cues, speakers.
#include "app/ScriptParser.h"
#include "ui/ScriptEditor.h"
#include "ui/ScriptHighlighter.h"

#include <QAction>
#include <QDir>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTreeWidget>

using namespace onair;

namespace {

const QByteArray imported = "Good evening and welcome.\n"
                            "\n"
                            "News\n"
                            "\n"
                            "[MUSIC] HOST: The first story. It is short.\n"
                            "\n"
                            "Weather later\n"
                            "was a line of its own, now a paragraph.\n";

// "title|words|time" per row of the section list.
QStringList rows(const QTreeWidget* list) {
    QStringList out;
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = list->topLevelItem(i);
        out << QStringLiteral("%1|%2|%3").arg(item->text(0), item->text(1), item->text(2));
    }
    return out;
}

void putCursorOnLine(QPlainTextEdit* edit, int line) {
    QTextCursor c(edit->document()->findBlockByNumber(line));
    c.movePosition(QTextCursor::EndOfBlock);
    edit->setTextCursor(c);
}

bool hasFormat(const QTextBlock& block, int start, int length, const QTextCharFormat& format) {
    for (const auto& range : block.layout()->formats()) {
        if (range.start == start && range.length == length && range.format == format) {
            return true;
        }
    }
    return false;
}

} // namespace

class TestScriptEditor : public QObject {
    Q_OBJECT
    std::unique_ptr<ui::ScriptEditor> editor_;

private slots:
    void init() {
        editor_ = std::make_unique<ui::ScriptEditor>();
        editor_->resize(900, 500);
        editor_->setScript(app::parseScript(imported, app::ScriptSource::Imported).script);
        editor_->show();
        QVERIFY(QTest::qWaitForWindowExposed(editor_.get()));
        editor_->activateWindow();
        editor_->textEdit()->setFocus();
        QVERIFY(QTest::qWaitForWindowActive(editor_.get()));
    }

    void showsTheStoredFormAndItsSections() {
        QCOMPARE(editor_->markdown(),
                 QStringLiteral("Good evening and welcome.\n\n## News\n\n[MUSIC] HOST: The "
                                "first story. It is short.\n\nWeather later was a line of its "
                                "own, now a paragraph.\n"));
        QCOMPARE(rows(editor_->sectionList()), (QStringList{"(opening)|4|0:02", "News|18|0:07"}));
    }

    void ctrlHMarksAndUnmarksTheCurrentLine() {
        QSignalSpy edited(editor_.get(), &ui::ScriptEditor::scriptEdited);
        QPlainTextEdit* edit = editor_->textEdit();
        putCursorOnLine(edit, 6); // "Weather later was a line ..."
        QCOMPARE(editor_->headingAction()->text(), QStringLiteral("Mark as heading"));
        QTest::keyClick(edit, Qt::Key_H, Qt::ControlModifier);
        QCOMPARE(edit->document()->findBlockByNumber(6).text(),
                 QStringLiteral("## Weather later was a line of its own, now a paragraph."));
        QCOMPARE(edited.count(), 1);
        QCOMPARE(editor_->headingAction()->text(), QStringLiteral("Unmark heading"));
        QCOMPARE(editor_->script().sections.size(), 3);
        QCOMPARE(rows(editor_->sectionList()),
                 (QStringList{"(opening)|4|0:02", "News|7|0:03",
                              "Weather later was a line of its own, now a paragraph.|11|0:04"}));

        // Ctrl+H again: the same line is text again.
        QTest::keyClick(edit, Qt::Key_H, Qt::ControlModifier);
        QCOMPARE(editor_->script().sections.size(), 2);
        QCOMPARE(rows(editor_->sectionList()), (QStringList{"(opening)|4|0:02", "News|18|0:07"}));

        // Unmarking "## News" keeps it a paragraph of its own, not joined to its neighbours.
        putCursorOnLine(edit, 2);
        QTest::keyClick(edit, Qt::Key_H, Qt::ControlModifier);
        QCOMPARE(edit->document()->findBlockByNumber(2).text(), QStringLiteral("News"));
        const app::Script s = editor_->script();
        QCOMPARE(s.sections.size(), 1);
        QCOMPARE(s.blocks.size(), 4);
        QCOMPARE(s.blocks[1].plainText(), QStringLiteral("News"));
        QCOMPARE(rows(editor_->sectionList()), QStringList{"(opening)|22|0:09"});

        // One undo step per toggle.
        QTest::keyClick(edit, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(edit->document()->findBlockByNumber(2).text(), QStringLiteral("## News"));
    }

    void typingUpdatesTheCounts() {
        QPlainTextEdit* edit = editor_->textEdit();
        putCursorOnLine(edit, 0);
        QSignalSpy edited(editor_.get(), &ui::ScriptEditor::scriptEdited);
        QTest::keyClicks(edit, " Three more words");
        QTRY_COMPARE(rows(editor_->sectionList()).value(0), QStringLiteral("(opening)|7|0:03"));
        QCOMPARE(edited.count(), 1); // once for the whole burst of typing
        QCOMPARE(editor_->script().wordCount, 25);
    }

    void readTimesFollowTheSpeed() {
        editor_->setWordsPerMinute(60);
        QCOMPARE(rows(editor_->sectionList()), (QStringList{"(opening)|4|0:04", "News|18|0:18"}));
        QCOMPARE(editor_->wordsPerMinute(), 60.0);
    }

    void highlightsHeadingsCuesAndSpeakers() {
        auto* highlighter = editor_->textEdit()->document()->findChild<ui::ScriptHighlighter*>();
        QVERIFY(highlighter);
        const QTextDocument* doc = editor_->textEdit()->document();
        QVERIFY(hasFormat(doc->findBlockByNumber(2), 0, 7, highlighter->headingFormat()));
        QVERIFY(!hasFormat(doc->findBlockByNumber(0), 0, 25, highlighter->headingFormat()));
        const QTextBlock story = doc->findBlockByNumber(4);
        QVERIFY(hasFormat(story, 0, 7, highlighter->cueFormat()));
        QVERIFY(hasFormat(story, 8, 5, highlighter->speakerFormat()));
        QVERIFY(highlighter->headingFormat().fontWeight() == QFont::Bold);
        // For a person to look at: the editor as the test left it.
        const QString shot = QDir::temp().filePath(QStringLiteral("tst_script_editor.png"));
        QVERIFY(editor_->grab().save(shot));
        qInfo("editor screenshot: %s", qPrintable(shot));
    }
};

QTEST_MAIN(TestScriptEditor)
#include "tst_script_editor.moc"
