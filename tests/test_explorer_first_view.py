"""The explorer app's first view is set as its Output widget's outputs (not captured with
``with out:``, which under Voila makes the server send a shell message per output while it
awaits the cell's reply)."""
from __future__ import annotations

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.display import Markdown, display  # noqa: E402

from analysis.reports import explorer  # noqa: E402


@pytest.fixture()
def shell():
    """An IPython shell in this process (display goes through its publisher, as in a kernel)."""
    from IPython.core.pylabtools import select_figure_formats
    sh = InteractiveShell.instance()
    select_figure_formats(sh, {"png"})                   # as the inline backend of a kernel
    yield sh
    InteractiveShell.clear_instance()


def test_first_outputs_are_what_show_displays_and_prints(shell):
    def show():
        display(Markdown("**Kabupaten Kutai Kartanegara**"))
        fig, ax = plt.subplots()
        ax.plot([1, 2], [3, 4])
        display(fig)
        plt.close(fig)
        print("catatan")
    outs = explorer.first_outputs(show)
    assert [o["output_type"] for o in outs] == ["display_data", "display_data", "stream"]
    assert outs[0]["data"]["text/markdown"] == "**Kabupaten Kutai Kartanegara**"
    assert outs[1]["data"]["image/png"]                  # the figure as the page shows it
    assert outs[2] == {"output_type": "stream", "name": "stdout", "text": "catatan\n"}


def test_widgets_set_the_first_view_without_entering_the_output_widget(shell, monkeypatch):
    entered = []
    real_enter = explorer.w.Output.__enter__
    monkeypatch.setattr(explorer.w.Output, "__enter__",
                        lambda self: entered.append(self) or real_enter(self))
    shown = []
    monkeypatch.setattr(explorer, "explore", lambda **kw: (display(Markdown(
        f"**{kw['regency_code']}**")), shown.append(kw)))
    monkeypatch.setattr(explorer, "choices", lambda data_dir, lang: {
        "regency": [("A (64.02)", "64.02"), ("B (62.06)", "62.06")],
        "index": [("Nilai final", "nilai_final")], "variable": [("IPM", "ipm_2021")],
        "year": [2023]})
    box = explorer._widgets("64.02", "nilai_final", "ipm_2021", 2023, "id", None)
    out = box.children[-1]
    assert entered == [] and shown[0]["regency_code"] == "64.02"
    assert out.outputs[0]["data"]["text/markdown"] == "**64.02**"
    box.children[0].children[0].value = "62.06"          # a change in the page: with out:
    assert entered and all(e is out for e in entered) and shown[-1]["regency_code"] == "62.06"
