#pragma once

#include "app/Script.h"

#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QTimer;
class QTreeWidget;

namespace onair::ui {

class ScriptHighlighter;

// Edits the episode's script in its stored form (script.md's Markdown) with cues, speakers and
// headings styled, a "Mark as heading" toggle for the line under the cursor (Ctrl+H, context
// menu), and a list of the sections with word counts and read times at the current speed.
// Clicking a section moves the cursor to its heading. The text is parsed again shortly after
// each change (at once on a toggle); script() is always up to date.
class ScriptEditor : public QWidget {
    Q_OBJECT
public:
    explicit ScriptEditor(QWidget* parent = nullptr);

    void setScript(const app::Script& script); // shown as scriptToMarkdown(script)
    app::Script script() const;
    QString markdown() const; // the text as edited (saveScript stores script()'s stored form)
    // Why the text does not parse (a pasted control character), empty when it does; script()
    // then holds the last text that parsed.
    QString parseError() const { return error_; }

    // Parses now and emits scriptEdited() if an edit is still waiting for its pause in typing:
    // before the editor's script is replaced or the window closes.
    void flush();

    void setWordsPerMinute(double wordsPerMinute);
    double wordsPerMinute() const { return wpm_; }

    // Marks the cursor's line as a "##" heading, or a heading line as text (kept apart from its
    // neighbours by blank lines, so it stays a paragraph of its own). One undo step.
    void toggleHeading();

    QPlainTextEdit* textEdit() const { return edit_; }
    QTreeWidget* sectionList() const { return sections_; }
    QAction* headingAction() const { return headingAction_; }

signals:
    // The host changed the script (typing, once per pause; a heading toggle, at once); script()
    // is parsed already (check parseError()). Not emitted by setScript.
    void scriptEdited();

private:
    void reparse() const;
    void updateSections();
    void updateHeadingAction();
    void showContextMenu(const QPoint& pos);
    void goToSection();

    QPlainTextEdit* edit_;
    ScriptHighlighter* highlighter_;
    QTreeWidget* sections_;
    QLabel* summary_;
    QAction* headingAction_;
    QTimer* reparseTimer_;
    double wpm_ = 150.0;
    // Parsed lazily from the text: script() may be asked for between an edit and the timer.
    mutable app::Script script_;
    mutable QString error_;
    mutable bool dirty_ = false;
};

} // namespace onair::ui
