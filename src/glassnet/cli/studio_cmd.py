"""``glassnet studio``: watch a network learn, and step through its maths, in the browser."""

import click

from ._errors import UserError


@click.command(short_help="Watch a network learn in the browser (a local web page).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default="a free port",
              help="Port on 127.0.0.1 to listen on.")
@click.option("--no-browser", is_flag=True, help="Print the address only; open no browser.")
def studio(port, no_browser):
    """Start glassnet studio on 127.0.0.1 and open it in the default browser.

    The page trains a glassnet network on 2-D points (moons, circles, spirals, a
    logic gate, your CSV...), redraws its decision surface live, and shows the
    worked backpropagation step of any neuron or weight. Ctrl-C stops the server.
    """
    try:
        from ..studio.server import serve
    except ImportError as error:
        raise UserError(f"glassnet studio needs starlette and uvicorn ({error}). Install "
                        "them with: pip install 'glassnet[studio]'") from None
    try:
        serve(port=port, open_browser=not no_browser, echo=click.echo)
    except ValueError as error:
        raise UserError(str(error)) from None
    except KeyboardInterrupt:
        click.echo("glassnet studio stopped.")
