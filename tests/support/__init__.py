"""What the tests share: the lesson catalogue, a throw-away nbgrader course, the JupyterLab/Chromium
driver and the nbval output-tolerance plugin."""
